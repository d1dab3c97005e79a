package glxc.runtime.net;

import glxc.runtime.kernel.KernelException;

/** A request the kernel refused: what was asked, the errno, and the kernel's own explanation when it gave one. */
public final class NetlinkException extends KernelException {
    private final String kernelMessage;

    public NetlinkException(String what, int errno, String kernelMessage) {
        super(kernelMessage == null || kernelMessage.isEmpty() ? what : what + " (kernel: " + kernelMessage + ")", null, errno);
        this.kernelMessage = kernelMessage;
    }

    public String kernelMessage() { return kernelMessage; }
}
