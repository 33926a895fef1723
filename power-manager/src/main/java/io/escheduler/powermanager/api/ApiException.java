package io.escheduler.powermanager.api;

/** A refusal with its status: 404 an unknown or switched-off policy (detail: what to ask or set), 503 no plan yet. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public ApiException(int status, String message, Object detail) {
        super(message);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }
}
