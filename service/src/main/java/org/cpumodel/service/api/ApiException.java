package org.cpumodel.service.api;

/**
 * A request the API refuses: the HTTP status, the request field at fault (a query parameter, a path
 * parameter, a JSON path of the body, or the header) and a sentence saying what is wrong and what is
 * expected. Written as {@code {"error": {"status", "field", "message"}}}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
