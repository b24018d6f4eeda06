/* test_csvw_map.c — runs `sila map` (cli/cmd_map.c) as a program of its
 * own: `test_csvw_map ARGS...` is `sila map ARGS...`, for trying and
 * testing the command before it is wired into the sila binary. */
#include "sila_cli.h"

int main(int argc, char **argv) {
  argv[0] = (char *)"map";
  return sila_cmd_map(argc, argv);
}
