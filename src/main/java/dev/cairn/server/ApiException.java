package dev.cairn.server;

/**
 * A request the server refuses, with the HTTP status and the fields of OpenAI's error object
 * ({@code {"error": {"message", "type", "param", "code"}}}), so clients show the message as it is.
 */
final class ApiException extends RuntimeException {

    static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    ApiException(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** A 400 about one field of the request. */
    static ApiException badRequest(String param, String message) {
        return new ApiException(400, INVALID_REQUEST, param, null, message);
    }

    /** A 400 for a parameter Cairn has no equivalent for. */
    static ApiException unsupported(String param, String why) {
        return new ApiException(400, INVALID_REQUEST, param, "unsupported_parameter", param + " is not supported: " + why);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
