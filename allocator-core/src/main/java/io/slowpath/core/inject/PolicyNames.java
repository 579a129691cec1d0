package io.slowpath.core.inject;

import java.util.regex.Pattern;

/**
 * The rule for policy names: they select a policy and name its settings section {@code slowpath.policy.<kind>.<name>},
 * so they are plain HOCON path elements (no dots, which would need quoting in every file and {@code --set}).
 */
final class PolicyNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private PolicyNames() {
    }

    /** Null when {@code name} is valid, otherwise what is wrong with it. */
    static String problem(String name) {
        if (name == null) {
            return "a policy name must not be null";
        }
        if (!VALID.matcher(name).matches()) {
            return "policy name '" + name + "' is not valid: use letters, digits, '-' and '_', starting with a letter "
                + "or digit (no dots: the name is a key of slowpath.policy.<kind>)";
        }
        return null;
    }
}
