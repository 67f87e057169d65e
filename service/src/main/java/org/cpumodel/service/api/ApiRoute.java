package org.cpumodel.service.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One route of the REST API: method, path (Javalin syntax, {@code {name}} for path parameters), access and handler. */
public record ApiRoute(HandlerType method, String path, Access access, Handler handler) {

    public static ApiRoute get(String path, Handler h) {
        return new ApiRoute(HandlerType.GET, path, Access.READ, h);
    }

    public static ApiRoute post(String path, Access access, Handler h) {
        return new ApiRoute(HandlerType.POST, path, access, h);
    }

    public static ApiRoute delete(String path, Handler h) {
        return new ApiRoute(HandlerType.DELETE, path, Access.WRITE, h);
    }
}
