package glxc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Samples in milliseconds: median and the 10th/90th percentiles. */
final class Stats {
    private final List<Double> samples = new ArrayList<>();

    void add(double ms) {
        samples.add(ms);
    }

    double median() {
        return percentile(50);
    }

    double percentile(int p) {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.round(p / 100.0 * (s.size() - 1))));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %7.2f ms  (p10 %6.2f, p90 %6.2f, n=%d)", median(), percentile(10), percentile(90), samples.size());
    }
}
