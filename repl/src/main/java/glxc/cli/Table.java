package glxc.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain aligned table, as lxc-ls --fancy prints it. */
final class Table {
    private Table() {}

    static void print(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> r : all) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.size(); i++) b.append(r.get(i)).append(" ".repeat(width[i] - r.get(i).length() + 1));
            System.out.println(b.toString().stripTrailing());
        }
    }
}
