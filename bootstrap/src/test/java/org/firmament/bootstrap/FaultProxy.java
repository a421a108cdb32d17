package org.firmament.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: a TCP proxy on a loopback port in front of a real service (PostgreSQL, S3Proxy)
 * that can be cut and restored, to inject the two ways a dependency disappears on a network.
 * <ul>
 *   <li>{@link #blackhole()}: connections are accepted and bytes taken, but nothing is ever
 *       forwarded or answered, on open connections and new ones alike (a dead host behind a
 *       firewall that drops packets, a hung server);</li>
 *   <li>{@link #refuse()}: open connections are reset and new ones refused (a stopped server).</li>
 * </ul>
 * {@link #restore()} forwards new connections again; a connection that was cut stays cut, as a
 * real one would after losing bytes, so clients must notice and reconnect.
 */
final class FaultProxy implements AutoCloseable {

    private enum Mode { FORWARD, BLACKHOLE, REFUSE }

    private final InetSocketAddress target;
    private final int port;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.FORWARD;
    private ServerSocket listener;

    private FaultProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-proxy-" + port + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        accept(listener);
    }

    /** A proxy forwarding to {@code host:targetPort}, listening on a free loopback port. */
    static FaultProxy to(String host, int targetPort) {
        try {
            return new FaultProxy(new InetSocketAddress(host, targetPort), bind(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Silence: open and new connections get no byte back, ever. */
    synchronized void blackhole() {
        mode = Mode.BLACKHOLE;
        links.forEach(Link::silence);
    }

    /** Refusal: open connections are reset, new ones refused. */
    synchronized void refuse() {
        mode = Mode.REFUSE;
        closeQuietly(listener);
        links.forEach(Link::reset);
    }

    /** Forwards new connections again. */
    synchronized void restore() {
        if (mode == Mode.REFUSE) {
            try {
                listener = bind(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " again", e);
            }
            accept(listener);
        }
        mode = Mode.FORWARD;
    }

    @Override
    public synchronized void close() {
        mode = Mode.REFUSE;
        closeQuietly(listener);
        links.forEach(Link::reset);
        threads.shutdownNow();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return socket;
    }

    private void accept(ServerSocket server) {
        threads.execute(() -> {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Link link = new Link(client);
                links.add(link);
                if (mode == Mode.FORWARD) {
                    threads.execute(link::connect);
                } else {
                    link.silence();
                    threads.execute(() -> link.pump(client, null));
                }
            }
        });
    }

    /** One client connection and, while it forwards, its connection to the target. */
    private final class Link {

        private final Socket client;
        private volatile Socket upstream;
        private volatile boolean silenced;

        Link(Socket client) {
            this.client = client;
        }

        void connect() {
            try {
                Socket connected = new Socket();
                connected.connect(target, 5_000);
                upstream = connected;
                if (silenced) {
                    closeQuietly(connected);
                }
                threads.execute(() -> pump(connected, client));
                pump(client, connected);
            } catch (IOException e) {
                reset();
            }
        }

        /** Reads {@code from} until it closes, passing the bytes to {@code to} unless silenced. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!silenced && to != null) {
                        OutputStream out = to.getOutputStream();
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException ended) {
                // One side went away; the other learns it below, unless the link is silenced.
            }
            if (!silenced) {
                reset();
            }
        }

        void silence() {
            silenced = true;
            // The target's side is dropped; the client keeps a connection that never answers again.
            Socket connected = upstream;
            if (connected != null) {
                closeQuietly(connected);
            }
        }

        void reset() {
            links.remove(this);
            for (Socket socket : new Socket[] {client, upstream}) {
                if (socket != null) {
                    try {
                        socket.setSoLinger(true, 0);
                    } catch (IOException ignored) {
                        // Closed already.
                    }
                    closeQuietly(socket);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // Closing is all that was asked.
        }
    }
}
