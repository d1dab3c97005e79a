/* glxc-shim MODE SPECFILE REPORTFILE: MODE is start, execute, attach, console, unshare or shift; SPECFILE is consumed (unlinked);
 * REPORTFILE is written only if something fails. */
#include "shim.h"
#include <string.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	if (argc != 4) {
		fprintf(stderr, "usage: glxc-shim start|execute|attach|console|unshare|shift SPECFILE REPORTFILE\n(the glxc runtime calls this; it is not meant to be run by hand)\n");
		return 125;
	}
	remember_report_path(argv[3]);
	struct spec s;
	spec_read(argv[2], &s);
	/* Container code runs while this binary is in the container's pid namespace in execute and attach
	 * mode, and during a start hook: then run from a sealed copy. */
	if ((s.mode != MODE_START && s.mode != MODE_CONSOLE) || has_hooks(&s, HOOK_START)) ensure_sealed_copy(argv, envp);
	unlink(argv[2]);
	remember_spec(&s);
	switch (s.mode) {
	case MODE_START: return run_start(&s);
	case MODE_EXECUTE: return run_execute(&s);
	case MODE_ATTACH: return run_attach(&s);
	case MODE_CONSOLE: return run_console(&s);
	case MODE_UNSHARE: return run_unshare(&s);
	case MODE_SHIFT: return run_shift(&s);
	}
	return 125;
}
