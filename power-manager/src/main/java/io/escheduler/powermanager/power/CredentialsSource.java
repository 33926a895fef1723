package io.escheduler.powermanager.power;

/**
 * Where a BMC's user name and password come from: a Kubernetes Secret ({@link SecretCredentials}), read at every
 * action so that a rotated password is picked up without a restart (actions are rare).
 */
@FunctionalInterface
interface CredentialsSource {

    /**
     * @param namespace null: power-manager's own
     * @throws Unavailable with a message saying what to create or grant
     */
    Credentials read(String namespace, String name) throws Unavailable;

    /** A user name and password; {@link #toString} leaves the password out. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    /** The credentials cannot be read; the message says why and what to do. */
    final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
