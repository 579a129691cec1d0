package io.slowpath.core.inject;

import java.util.regex.Pattern;

/**
 * The rule for policy names: they select a policy and name its settings section {@code slowpath.policy.<kind>.<name>}.
 * Letters, digits, {@code -}, {@code _} and {@code .}, starting with a letter or digit; a name with dots (such as
 * {@code stock-3.10}) is one path element, so its section is written quoted: {@code slowpath.policy.oom."stock-3.10"}
 * (in a file and in {@code --set}).
 */
final class PolicyNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private PolicyNames() {
    }

    /** Null when {@code name} is valid, otherwise what is wrong with it. */
    static String problem(String name) {
        if (name == null) {
            return "a policy name must not be null";
        }
        if (!VALID.matcher(name).matches()) {
            return "policy name '" + name + "' is not valid: use letters, digits, '-', '_' and '.', starting with a "
                + "letter or digit";
        }
        return null;
    }
}
