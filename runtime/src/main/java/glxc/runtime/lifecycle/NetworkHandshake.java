package glxc.runtime.lifecycle;

import glxc.runtime.api.GlxcException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The JVM's end of the shim's netsync: a socket in /run/glxc (sun_path is short) on which the monitor
 * sends init's pid once init exists, and waits until the JVM has configured init's network namespace.
 */
final class NetworkHandshake implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;

    private NetworkHandshake(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    static NetworkHandshake listen() {
        Path path = Path.of("/run/glxc", "net-" + UUID.randomUUID() + ".sock");
        try {
            Files.createDirectories(path.getParent());
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            server.configureBlocking(false);
            return new NetworkHandshake(path, server);
        } catch (IOException e) {
            throw new GlxcException("cannot listen on " + path + " for the shim: " + e.getMessage(), e);
        }
    }

    Path path() { return path; }

    /**
     * Waits for the monitor's call while the shim lives, runs configure with init's pid and answers.
     * An exception from configure is sent to the shim (which gives up the start) and thrown here.
     */
    void serve(Process shim, IntConsumer configure) {
        try (SocketChannel ch = accept(shim)) {
            if (ch == null) return;   // the shim ended before it got this far; its report says why
            int pid = Integer.parseInt(readLine(ch).trim());
            try {
                configure.accept(pid);
                ch.write(ByteBuffer.wrap("0".getBytes(StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                ch.write(ByteBuffer.wrap(("1" + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
                throw e;
            }
        } catch (IOException | NumberFormatException e) {
            throw new GlxcException("the shim's network handshake failed: " + e.getMessage(), e);
        }
    }

    private SocketChannel accept(Process shim) throws IOException {
        while (true) {
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(true);
                return ch;
            }
            if (!shim.isAlive()) return null;
            LockSupport.parkNanos(200_000);
        }
    }

    private static String readLine(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) break;
            if (b.position() > 0 && b.get(b.position() - 1) == '\n') break;
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a socket file left in /run/glxc is harmless
        }
    }
}
