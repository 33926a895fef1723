package io.escheduler.powermanager.power;

import java.util.Locale;

/** The power drivers; config values {@code none}, {@code exec}, {@code redfish}, {@code ipmi}, {@code wake-on-lan}, {@code file}. */
public enum DriverKind {
    NONE, EXEC, REDFISH, IPMI, WAKE_ON_LAN, FILE;

    /** The config value. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
