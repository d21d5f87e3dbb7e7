package dev.leadscore.rules;

/**
 * One reason a ruleset cannot be built, located as precisely as the source allows: a DRL file and
 * line, or a spreadsheet file, sheet and cell.
 */
public record BuildProblem(String file, String sheet, String cell, Integer line, String message) {

    public static BuildProblem inFile(String file, String message) {
        return new BuildProblem(file, null, null, null, message);
    }

    /** "fit.xlsx, sheet Fit, cell F12: ..." or "scoring.drl, line 40: ..." */
    public String location() {
        StringBuilder s = new StringBuilder(file == null ? "(model)" : file);
        if (sheet != null) {
            s.append(", sheet ").append(sheet);
        }
        if (cell != null) {
            s.append(", cell ").append(cell);
        }
        if (line != null) {
            s.append(", line ").append(line);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}
