package io.slowpath.core.inject;

import io.slowpath.api.plugin.PolicyFactory;

/**
 * One named policy factory and who registered it.
 *
 * @param kind    the policy kind
 * @param name    the name the configuration selects it by
 * @param factory creates the policy
 * @param origin  who registered it, for error messages, e.g. {@code PolicyPlugin a.B (plugin jar /x/plugins/b.jar)}
 */
record Registration(PolicyKind kind, String name, PolicyFactory<?> factory, String origin) {
}
