/* redland_module.c — the entry point of the loadable module
 * librdf_storage_sila: Redland calls it for every librdf_storage_* file in
 * its module directory (or $REDLAND_MODULE_PATH).  The storage itself is in
 * libsila, so a program linking libsila and one loading the module share
 * one store registry. */
#include "sila_redland.h"

void librdf_storage_module_register_factory(librdf_world *world);

void librdf_storage_module_register_factory(librdf_world *world) { sila_redland_register(world); }
