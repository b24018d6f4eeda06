#include <stdio.h>
int main(void) { puts("sila"); return 0; }
