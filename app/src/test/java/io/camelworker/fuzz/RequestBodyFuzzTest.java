package io.camelworker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.steps.files.DeleteFilesRequest;
import io.camelworker.steps.metadata.FeatureManagerAnswer;
import io.camelworker.steps.metadata.ProductFeature;
import io.camelworker.steps.metadata.ProductUpdate;
import io.camelworker.steps.storage.StorageWorkerRequest;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Request bytes meet the JSON readers: whatever a body holds, the answer is a typed request or a documented refusal
 * (INVALID_CONTENT, ERROR), never another exception. {@code mvn test} replays the committed corpus
 * ({@code src/test/resources/io/camelworker/fuzz/RequestBodyFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes.
 */
class RequestBodyFuzzTest {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final RequestBodyReader READER = new RequestBodyReader(VALIDATION.getValidator());
    private static final Method LTA_READ = packagePrivate("io.camelworker.steps.archive.LtaRequest", "read");
    private static final Method ANSWER_PARSE = packagePrivate(FeatureManagerAnswer.class.getName(), "parse");

    @FuzzTest(maxDuration = "2m")
    void storageRequest(byte[] body) {
        refusedOrRead(() -> READER.read(body, StorageWorkerRequest.class));
    }

    @FuzzTest(maxDuration = "2m")
    void deleteFilesRequest(byte[] body) {
        refusedOrRead(() -> READER.read(body, DeleteFilesRequest.class));
    }

    @FuzzTest(maxDuration = "2m")
    void ltaRequest(byte[] body) {
        refusedOrRead(() -> invoke(LTA_READ, body));
    }

    @FuzzTest(maxDuration = "2m")
    void productFeature(byte[] body) {
        refusedOrRead(() -> READER.read(body, ProductFeature.class));
        refusedOrRead(() -> READER.read(body, ProductUpdate.WrappedFeature.class));
    }

    /** The Feature Manager's answers are read on its queue's thread: anything that is no answer is null, never an error. */
    @FuzzTest(maxDuration = "2m")
    void featureManagerAnswer(byte[] body) {
        Object answer = invoke(ANSWER_PARSE, body);
        if (answer != null && ((FeatureManagerAnswer) answer).requestId() == null) {
            throw new AssertionError("an answer without a request id was accepted");
        }
    }

    private static void refusedOrRead(Runnable read) {
        try {
            read.run();
        } catch (InvalidContentException | ProcessingErrorException documentedRefusal) {
            // the request's answer
        }
    }

    private static Object invoke(Method method, byte[] body) {
        try {
            return method.invoke(null, (Object) body);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** The readers of the LTA request and of the Feature Manager's answers are package-private; the fuzz tests live here. */
    private static Method packagePrivate(String className, String name) {
        try {
            Method method = Class.forName(className).getDeclaredMethod(name, byte[].class);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
