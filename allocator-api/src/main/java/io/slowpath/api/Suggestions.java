package io.slowpath.api;

/**
 * "Did you mean ...?" for a mistyped name: the Levenshtein edit distance and the nearest of a list of known names.
 * Shared by the GFP flag parser, the configuration loader and the scenario and trace readers.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The known name nearest to {@code name} (the first, in {@code known}'s order, of those at the smallest edit
     * distance), or null when none is within {@code maxDistance} edits.
     */
    public static String nearest(Iterable<String> known, String name, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(k, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= maxDistance ? best : null;
    }

    /** Levenshtein distance (insert, delete, substitute one character). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
