package io.slowpath.core.inject;

import com.google.inject.Provider;

/** Creates a registered policy when (and only if) the kernel selects it. */
final class FactoryPolicyProvider implements Provider<Object> {
    private final Registration registration;
    private final Provider<PolicySettingsSource> settings;

    FactoryPolicyProvider(Registration registration, Provider<PolicySettingsSource> settings) {
        this.registration = registration;
        this.settings = settings;
    }

    @Override
    public Object get() {
        return settings.get().create(registration.kind(), registration.name(), registration.factory(),
            registration.origin());
    }

    @Override
    public String toString() {
        return registration.kind().configName() + " policy '" + registration.name() + "' of " + registration.origin();
    }
}
