package io.slowpath.policy.oom.stock310;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The two forms of {@code oom_badness}'s bonus for {@code CAP_SYS_ADMIN} tasks inside the 3.10 series. Slowpath has
 * no capabilities, and a report has no capability column: uid 0 stands for {@code CAP_SYS_ADMIN}.
 */
public enum RootBonus {
    /**
     * 3.10.y stable kernels (3.10.108, CentOS/RHEL 7), backport of 778c14affaf9 "mm, oom: base root bonus on
     * current usage": {@code points -= points * 3 / 100}.
     */
    STABLE("3.10.y"),
    /** 3.10.0 as released: {@code adj -= 30} before {@code adj *= totalpages / 1000}, i.e. 3% of totalpages. */
    RELEASE("3.10.0");

    private final String configName;

    RootBonus(String configName) {
        this.configName = configName;
    }

    /** The name in the configuration ({@code root-bonus}). */
    public String configName() {
        return configName;
    }

    /**
     * The form named {@code name}.
     *
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static RootBonus of(String name) {
        for (RootBonus b : values()) {
            if (b.configName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown root bonus '" + name + "'; expected one of "
            + Arrays.stream(values()).map(b -> "\"" + b.configName + "\"").collect(Collectors.joining(", ")));
    }
}
