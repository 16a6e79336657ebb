package dev.antientropy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 client on a bare socket, for requests that well-behaved clients refuse to send: any method, a raw
 * request target (malformed percent escapes, raw UTF-8), any content type, bodies of megabytes. One request per
 * connection ({@code Connection: close}); the answer is read to the end of the stream.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 20_000;

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * What came back.
     *
     * @param status the status code, or {@code -1} when the server closed the connection without an answer
     * @param headers the header block as sent
     * @param body the body, de-chunked
     */
    public record Response(int status, String headers, String body) {
    }

    /**
     * Sends one request.
     *
     * @param method the method, sent as given
     * @param target the request target, sent as given (bytes of its UTF-8 form)
     * @param contentType the {@code Content-Type}, or {@code null} for none
     * @param body the body, sent with a {@code Content-Length}; empty for none
     * @return what the server answered
     */
    public Response send(String method, String target, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: localhost:").append(port).append("\r\n");
        head.append("Connection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body.length > 0 || "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
            }
            catch (IOException closedWhileWriting) {
                // The server may answer and close before it read a huge body: read what it said.
            }
            byte[] answer = readAll(socket.getInputStream());
            return parse(answer);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(method + " " + target, ex);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) != -1;) {
                all.write(buffer, 0, n);
            }
        }
        catch (IOException reset) {
            // A reset after the answer (the server closed with unread body bytes): keep what arrived.
        }
        return all.toByteArray();
    }

    private static Response parse(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Response(-1, "", text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String headers = text.substring(0, end);
        byte[] rest = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
        boolean chunked = headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        byte[] body = chunked ? dechunk(rest) : rest;
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrLf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            int from = lineEnd + 2;
            int to = Math.min(from + length, chunked.length);
            body.write(chunked, from, to - from);
            at = to + 2;
        }
        return body.toByteArray();
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
