package io.escheduler.actuator.baseline;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The package power limits the agent stores: PL1 ({@code longTerm}) and PL2 ({@code shortTerm}, null where absent). */
@RegisterForReflection
public record PackageSetting(LimitSetting longTerm, LimitSetting shortTerm) {
}
