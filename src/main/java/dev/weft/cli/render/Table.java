package dev.weft.cli.render;

import java.util.ArrayList;
import java.util.List;

/** Columns aligned under their headings, the last one left as long as it is. */
public final class Table {
    private final List<String> headings;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headings) {
        this.headings = List.of(headings);
    }

    public Table row(String... cells) {
        if (cells.length != headings.size()) {
            throw new IllegalArgumentException("Expected " + headings.size() + " cells, but got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    public List<String> lines() {
        int[] widths = new int[headings.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headings.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).codePointCount(0, r.get(i).length()));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headings, widths));
        rows.forEach(r -> lines.add(line(r, widths)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(c);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - c.codePointCount(0, c.length()) + 2));
            }
        }
        return b.toString().stripTrailing();
    }
}
