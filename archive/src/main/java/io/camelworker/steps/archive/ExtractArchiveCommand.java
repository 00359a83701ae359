package io.camelworker.steps.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the extraction engine alone on a local archive, with the default limits, outside any worker: used by
 * {@code bench/unzip.sh} to compare it with {@code unzip}.
 *
 * <p>{@code java -cp target/camel-worker.jar -Dloader.main=io.camelworker.steps.archive.ExtractArchiveCommand
 * org.springframework.boot.loader.launch.PropertiesLauncher <archive> <empty target directory> [parallelism]}
 */
public final class ExtractArchiveCommand {

    private ExtractArchiveCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ExtractArchiveCommand <archive> <empty target directory> [parallelism]");
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        Path target = Files.createDirectories(Path.of(args[1]));
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : new ExtractionProperties().getParallelism();
        long start = System.nanoTime();
        List<ExtractedFile> files = new ArchiveExtractor(ExtractionLimits.defaults(), parallelism).extract(archive, target);
        long bytes = files.stream().mapToLong(ExtractedFile::size).sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("extracted %d files, %d bytes in %.2f s (%.0f MB/s, %d threads)%n", files.size(), bytes, seconds,
                bytes / 1e6 / seconds, parallelism);
    }
}
