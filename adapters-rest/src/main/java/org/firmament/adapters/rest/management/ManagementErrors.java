package org.firmament.adapters.rest.management;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.firmament.adapters.rest.common.ErrorFormat;
import org.firmament.adapters.rest.common.HttpFailure;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.InvalidValueException;

/** REST adapter, management API: every failure as an RFC 9457 problem ({@code application/problem+json}). */
public final class ManagementErrors implements ErrorFormat {

    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public boolean owns(String path) {
        return path.equals("api/management/v1") || path.startsWith("api/management/v1/");
    }

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof Unauthenticated unauthenticated) {
            return problem(401, unauthenticated.reason() == Unauthenticated.Reason.MISSING
                    ? "An Authorization header with a bearer token is required"
                    : "The bearer token is not valid");
        }
        HttpFailure failure = HttpFailure.classify(error);
        Response problem = problem(failure.status(), failure.message());
        if (error instanceof InvalidValueException invalid) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) problem.getEntity();
            body.put("field", invalid.field());
        }
        return problem;
    }

    /** An RFC 9457 problem; Firmament's other own paths (signed downloads) answer in this form too. */
    public static Response problem(int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
