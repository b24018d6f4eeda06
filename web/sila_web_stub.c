/* placeholder until the module has sources */
typedef int sila_web_stub_unused;
