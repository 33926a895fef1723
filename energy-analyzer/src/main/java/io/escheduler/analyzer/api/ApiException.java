package io.escheduler.analyzer.api;

/**
 * A refusal with its status: 400 malformed request, 404 unknown program (detail: the known ones),
 * 422 a request that is well formed but cannot be taken (end before start, unknown node).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public ApiException(int status, String message, Object detail) {
        super(message);
        this.status = status;
        this.detail = detail;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null);
    }

    public static ApiException unprocessable(String message, Object detail) {
        return new ApiException(422, message, detail);
    }

    public static ApiException notFound(String message, Object detail) {
        return new ApiException(404, message, detail);
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }
}
