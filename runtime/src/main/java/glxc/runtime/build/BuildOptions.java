package glxc.runtime.build;

/**
 * noCache: every step runs; fromStep: steps from this one on run even where cached (1 = all);
 * sourceDateEpoch: the time written into layers and exports for anything newer ($SOURCE_DATE_EPOCH, else 0).
 */
public record BuildOptions(boolean noCache, int fromStep, long sourceDateEpoch) {
    public static BuildOptions defaults() {
        return new BuildOptions(false, Integer.MAX_VALUE, sourceDateEpochFromEnvironment());
    }

    public BuildOptions withNoCache() { return new BuildOptions(true, fromStep, sourceDateEpoch); }

    public BuildOptions withFromStep(int step) { return new BuildOptions(noCache, step, sourceDateEpoch); }

    public BuildOptions withSourceDateEpoch(long epoch) { return new BuildOptions(noCache, fromStep, epoch); }

    public static long sourceDateEpochFromEnvironment() {
        String v = System.getenv("SOURCE_DATE_EPOCH");
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH must be seconds since 1970, not '" + v + "'");
        }
    }
}
