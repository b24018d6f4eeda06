/* placeholder until the module has sources */
typedef int sila_loaders_stub_unused;
