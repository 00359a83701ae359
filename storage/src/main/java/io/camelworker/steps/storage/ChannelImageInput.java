package io.camelworker.steps.storage;

import javax.imageio.stream.ImageInputStreamImpl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * An ImageIO input read straight from an open file's channel: ImageIO's own inputs over a stream cache what they read
 * (in a temporary file or in memory), where a channel can seek.
 */
final class ChannelImageInput extends ImageInputStreamImpl {

    private final SeekableByteChannel channel;
    private final byte[] one = new byte[1];

    ChannelImageInput(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        channel.position(streamPos);
        int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
        if (n > 0) {
            streamPos += n;
        }
        return n;
    }

    @Override
    public long length() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }
}
