package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * REST adapter: writes a {@link BinaryTransfer} to Jersey's output, blocking its thread until the
 * client has taken the last byte. Only where the server does not send transfers itself (bootstrap
 * does, without a thread per client).
 */
@Provider
public final class BinaryTransferWriter implements MessageBodyWriter<BinaryTransfer> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == BinaryTransfer.class;
    }

    @Override
    public void writeTo(BinaryTransfer transfer, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws IOException {
        transfer.copyTo(out);
    }
}
