package io.camelworker.steps.archive;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.sandbox.SandboxTask;
import io.camelworker.storage.Interruptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Digests and extracts an archive in a sandbox process: format detection, zip and tar and gzip headers and entries are
 * read there, never in the worker's heap. The process opens the very file the worker checked ({@link
 * AllowedRoots#openSame}), digests it and extracts it from that one channel into the request's workspace directory,
 * under the request's {@link ExtractionBudget}.
 */
public final class ExtractArchiveTask implements SandboxTask<ExtractArchiveTask.Input, ExtractArchiveTask.Output> {

    private static final int DIGEST_BUFFER = 256 * 1024;

    /**
     * @param field       names the archive in refusals, e.g. {@code product.files[0] url}
     * @param archive     the file the worker opened and checked
     * @param name        the archive's file name, for messages
     * @param target      the existing empty directory to extract into
     * @param limits      the request's limits
     * @param parallelism threads extracting a zip's entries
     * @param spent       what the request's budget had counted before this archive
     * @param digest      whether to compute the archive's MD5 (a downloaded archive's was computed on the way)
     * @param expectedMd5 extract only when the MD5 is this one (null: any)
     * @param finishedMd5 do not extract when the MD5 is this one: an earlier delivery's extraction of it is reused
     */
    public record Input(String field, FileIdentity archive, String name, String target, ExtractionLimits limits,
                        int parallelism, ExtractionBudget.Spent spent, boolean digest, String expectedMd5,
                        String finishedMd5) {
    }

    /**
     * @param md5       the archive's MD5 (null when it was not digested)
     * @param extracted whether it was extracted (false when its MD5 was not the expected one, or was the finished one)
     * @param files     the regular files extracted, sorted by path
     * @param written   bytes written
     * @param read      archive bytes read to write them
     */
    public record Output(String md5, boolean extracted, List<ExtractedFile> files, long written, long read) {
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Class<Output> outputType() {
        return Output.class;
    }

    @Override
    public Output run(Input input) throws IOException {
        try (OpenedFile opened = AllowedRoots.openSame(input.field(), input.archive())) {
            if (!(opened.channel() instanceof FileChannel channel)) {
                throw new IllegalStateException(input.field() + ": the file system gave no FileChannel for the archive");
            }
            String md5 = input.digest() ? digest(channel, input.field()) : null;
            if (md5 != null && (input.expectedMd5() != null && !input.expectedMd5().equals(md5)
                    || md5.equals(input.finishedMd5()))) {
                return new Output(md5, false, List.of(), 0, 0);
            }
            ExtractionBudget budget = ExtractionBudget.resumed(input.limits(), input.spent());
            List<ExtractedFile> files = new ArchiveExtractor(input.limits(), input.parallelism())
                    .extract(channel, input.name(), Path.of(input.target()), budget);
            ExtractionBudget.Spent after = budget.spent();
            return new Output(md5, true, files, after.written() - input.spent().written(),
                    after.read() - input.spent().read());
        }
    }

    private static String digest(FileChannel channel, String field) throws IOException {
        MessageDigest md5 = ArchiveSource.md5();
        ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER);
        long position = 0;
        for (int n; (n = channel.read(buffer.clear(), position)) >= 0; position += n) {
            Interruptions.check("digesting " + field);
            md5.update(buffer.flip());
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
