package org.firmament.adapters.rest.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * REST adapter: reads a {@code multipart/form-data} body as a stream of parts, so a file part is
 * handed on while it arrives and never lands whole in memory or in a temporary file.
 */
public final class MultipartUpload {

    /**
     * Any part as it streams in: a form field (no file name) or a file; its stream is valid until
     * the next part is read.
     */
    public record Part(String fieldName, Optional<String> filename, InputStream content) {

        public boolean isFile() {
            return filename.isPresent();
        }
    }

    private final FileItemInputIterator parts;

    private MultipartUpload(FileItemInputIterator parts) {
        this.parts = parts;
    }

    /** Whether {@code contentType} announces a multipart form. */
    public static boolean isMultipartForm(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * Starts reading {@code body}.
     *
     * @throws MalformedUploadException when the body is not a well-formed multipart form
     */
    public static MultipartUpload read(String contentType, long contentLength, InputStream body) {
        try {
            return new MultipartUpload(new StreamingUpload().getItemIterator(new Context(contentType, contentLength, body)));
        } catch (FileUploadException e) {
            throw new MalformedUploadException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file part named {@code fieldName}, which must be the form's only file: when its content
     * has been read to the end, the rest of the form is read too, and a second file part makes
     * that last read fail, so a store consuming the content never keeps it.
     *
     * @throws MalformedUploadException when the body breaks off or is not a well-formed multipart form
     */
    public Optional<Part> soleFile(String fieldName) {
        Optional<Part> file = Optional.empty();
        while (file.isEmpty()) {
            Optional<Part> next = nextPart();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (next.get().isFile()) {
                if (!next.get().fieldName().equals(fieldName)) {
                    throw MalformedUploadException.notTheOnlyFile(fieldName);
                }
                file = next;
            }
        }
        return file.map(part -> new Part(part.fieldName(), part.filename(),
                new java.io.FilterInputStream(part.content()) {
                    private boolean checked;

                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        return b < 0 ? endOfFile() : b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        return n < 0 ? endOfFile() : n;
                    }

                    private int endOfFile() {
                        if (!checked) {
                            checked = true;
                            for (Optional<Part> next = nextPart(); next.isPresent(); next = nextPart()) {
                                if (next.get().isFile()) {
                                    throw MalformedUploadException.notTheOnlyFile(fieldName);
                                }
                            }
                        }
                        return -1;
                    }
                }));
    }

    /**
     * The next part of the form, whatever it is; empty when the form ends.
     *
     * @throws MalformedUploadException when the body breaks off or is not a well-formed multipart form
     */
    public Optional<Part> nextPart() {
        try {
            if (!parts.hasNext()) {
                return Optional.empty();
            }
            FileItemInput part = parts.next();
            Optional<String> filename = part.isFormField() ? Optional.empty()
                    : Optional.of(part.getName() == null ? "" : part.getName());
            return Optional.of(new Part(part.getFieldName() == null ? "" : part.getFieldName(), filename,
                    part.getInputStream()));
        } catch (FileUploadException e) {
            throw new MalformedUploadException(e.getMessage());
        } catch (IOException e) {
            throw new MalformedUploadException("multipart body is malformed: " + e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            // The parser refuses a file name with a NUL character in it; the name is never used as a path.
            throw new MalformedUploadException("the file name contains a NUL character");
        }
    }

    /** The body is not a readable multipart form. */
    public static final class MalformedUploadException extends RuntimeException {
        public MalformedUploadException(String message) {
            super(message);
        }

        /** A form that should carry one file, in the part {@code fieldName}, carries another or a second. */
        public static MalformedUploadException notTheOnlyFile(String fieldName) {
            return new MalformedUploadException("the form holds more than one file or a file in another part; send "
                    + "exactly one, in the part named '" + fieldName + "'");
        }
    }

    private record Context(String contentType, long contentLength, InputStream body) implements RequestContext {

        @Override
        public String getCharacterEncoding() {
            return null;
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /**
     * commons-fileupload's parser, driven through its streaming iterator only. Its abstract type
     * also demands the whole-request parsing methods; they delegate to the library's own (which
     * buffer to memory or temporary files) and Firmament never calls them.
     */
    private static final class StreamingUpload extends AbstractFileUpload<Context, DiskFileItem, DiskFileItemFactory> {

        StreamingUpload() {
            setFileItemFactory(DiskFileItemFactory.builder().get());
        }

        @Override
        public FileItemInputIterator getItemIterator(Context request) throws FileUploadException, IOException {
            return super.getItemIterator((RequestContext) request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Context request) throws FileUploadException {
            return super.parseParameterMap((RequestContext) request);
        }

        @Override
        public List<DiskFileItem> parseRequest(Context request) throws FileUploadException {
            return super.parseRequest((RequestContext) request);
        }
    }
}
