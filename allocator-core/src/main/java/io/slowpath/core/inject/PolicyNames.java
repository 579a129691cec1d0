package io.slowpath.core.inject;

import java.util.regex.Pattern;

/**
 * The rule for policy names: they select a policy and name its settings section {@code slowpath.policy.<kind>.<name>}.
 * Letters, digits, {@code '-'}, {@code '_'} and {@code '.'} (the stock policies are {@code stock-3.10}); a name with a
 * dot is one quoted HOCON path element in its section's path: {@code slowpath.policy.oom."stock-3.10"}.
 */
final class PolicyNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private PolicyNames() {
    }

    /** Null when {@code name} is valid, otherwise what is wrong with it. */
    static String problem(String name) {
        if (name == null) {
            return "a policy name must not be null";
        }
        if (!VALID.matcher(name).matches()) {
            return "policy name '" + name + "' is not valid: use letters, digits, '.', '-' and '_', starting with a "
                + "letter or digit";
        }
        return null;
    }
}
