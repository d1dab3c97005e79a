package glxc.runtime.build;

/** What a build tells its caller as it goes: each step as it starts and ends, and each line a step prints. */
public interface BuildListener {
    void started(String image, int index, int total, BuildStep step);

    void output(String image, int index, String line);

    void finished(String image, StepResult result);

    BuildListener QUIET = new BuildListener() {
        public void started(String image, int index, int total, BuildStep step) { }
        public void output(String image, int index, String line) { }
        public void finished(String image, StepResult result) { }
    };
}
