/* placeholder until the module has sources */
typedef int sila_sparql_stub_unused;
