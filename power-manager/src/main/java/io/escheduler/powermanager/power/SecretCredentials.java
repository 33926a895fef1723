package io.escheduler.powermanager.power;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * BMC credentials from a Secret's {@code username} and {@code password} keys, read through the API server (power-manager's
 * service account needs {@code get} on it). The client is asked for only when a Secret is read, so
 * nodes driven without credentials need no API server.
 */
final class SecretCredentials implements CredentialsSource {

    static final String USERNAME = "username";
    static final String PASSWORD = "password";

    private final Supplier<KubernetesClient> client;

    SecretCredentials(Supplier<KubernetesClient> client) {
        this.client = client;
    }

    @Override
    public Credentials read(String namespace, String name) throws Unavailable {
        KubernetesClient kubernetes = client.get();
        String ns = namespace != null ? namespace : kubernetes.getNamespace();
        if (ns == null) {
            throw new Unavailable("power-manager does not know its own namespace: set the credentials-namespace of Secret " + name);
        }
        Secret secret;
        try {
            secret = kubernetes.secrets().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new Unavailable("power-manager's service account may not read Secret " + ns + "/" + name
                        + ": grant it get on that Secret (a Role with resourceNames)", e);
            }
            throw new Unavailable("could not read Secret " + ns + "/" + name + " from the API server: " + e.getMessage(), e);
        }
        if (secret == null) {
            throw new Unavailable("Secret " + ns + "/" + name + " does not exist: create it with the keys username and password "
                    + "(kubectl -n " + ns + " create secret generic " + name + " --from-literal=username=… --from-literal=password=…)");
        }
        return new Credentials(value(secret, ns, name, USERNAME), value(secret, ns, name, PASSWORD));
    }

    private static String value(Secret secret, String ns, String name, String key) throws Unavailable {
        Map<String, String> data = secret.getData();
        String encoded = data == null ? null : data.get(key);
        if (encoded == null) {
            throw new Unavailable("Secret " + ns + "/" + name + " has no key " + key + " (it needs username and password)");
        }
        try {
            return new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("Secret " + ns + "/" + name + ": key " + key + " is not base64", e);
        }
    }
}
