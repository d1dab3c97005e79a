/* glxc-shim MODE SPECFILE: MODE is start, execute or attach; SPECFILE is consumed (unlinked). */
#include "shim.h"
#include <string.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	if (argc != 3) {
		fprintf(stderr, "usage: glxc-shim start|execute|attach SPECFILE\n(the glxc runtime calls this; it is not meant to be run by hand)\n");
		return 125;
	}
	if (strcmp(argv[1], "start") != 0) ensure_sealed_copy(argv, envp);
	struct spec s;
	spec_read(argv[2], &s);
	unlink(argv[2]);
	remember_spec(&s);
	switch (s.mode) {
	case MODE_START: return run_start(&s);
	case MODE_EXECUTE: return run_execute(&s);
	case MODE_ATTACH: return run_attach(&s);
	}
	return 125;
}
