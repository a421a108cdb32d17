package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher script the build writes beside the jar (src/main/launcher/firmament): the JVM options
 * it passes, run against a stand-in {@code java} that prints its arguments.
 */
class LauncherScriptTest {

    private static final String TRIM = "-XX:TrimNativeHeapInterval=2000";

    private Path dir;
    private Path launcher;
    private Path javaHome;

    @BeforeEach
    void copyTheLauncherBesideAJar() throws IOException {
        dir = Files.createTempDirectory("firmament-launcher");
        launcher = dir.resolve("firmament");
        Files.copy(Path.of("src/main/launcher/firmament"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("firmament.jar"), "not a jar");
        javaHome = dir.resolve("jdk");
        Path java = javaHome.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void deleteDir() {
        TestServers.deleteTree(dir);
    }

    @Test
    void withoutOptions_runsTheJarBesideItWithTheDefaults() throws Exception {
        List<String> args = run(Map.of(), "--some-argument");

        assertTrue(args.contains("-XX:+UseSerialGC"), args.toString());
        assertTrue(args.contains("-Xms16m"), args.toString());
        assertTrue(args.contains("-XX:CompileThresholdScaling=5"), args.toString());
        String jar = dir.toRealPath().resolve("firmament.jar").toString();
        assertEquals(List.of("-jar", jar, "--some-argument"), args.subList(args.size() - 3, args.size()));
    }

    @Test
    void javaOpts_comeAfterTheDefaultsSoThatTheyWin() throws Exception {
        List<String> args = run(Map.of("JAVA_OPTS", "-Xmx1g -Xms64m"));

        assertTrue(args.indexOf("-Xms64m") > args.indexOf("-Xms16m"), args.toString());
        List<String> compiling = run(Map.of("JAVA_OPTS", "-XX:CompileThresholdScaling=1"));
        assertTrue(compiling.lastIndexOf("-XX:CompileThresholdScaling=1")
                > compiling.indexOf("-XX:CompileThresholdScaling=5"), compiling.toString());
        assertTrue(args.indexOf("-Xmx1g") < args.indexOf("-jar"), args.toString());
    }

    @Test
    void javaOptsNamingACollector_replaceTheDefaultCollector() throws Exception {
        List<String> args = run(Map.of("JAVA_OPTS", "-XX:+UseG1GC"));

        assertFalse(args.contains("-XX:+UseSerialGC"), "two collectors would stop the JVM: " + args);
        assertTrue(args.contains("-XX:+UseG1GC"), args.toString());
    }

    @Test
    void theClassDataArchive_isUsedOnlyWhenItIsThereAndNotTurnedOff() throws Exception {
        String archiveOption = "-XX:SharedArchiveFile=" + dir.toRealPath().resolve("firmament.jsa");
        assertFalse(run(Map.of()).contains(archiveOption), "no archive, no option");

        Files.writeString(dir.resolve("firmament.jsa"), "archive");
        List<String> args = run(Map.of());
        assertTrue(args.contains(archiveOption), args.toString());
        assertTrue(args.contains("-Xshare:auto"), "a stale archive is ignored, never fatal: " + args);

        assertFalse(run(Map.of("FIRMAMENT_CDS", "off")).contains(archiveOption));
    }

    @Test
    void theAotCache_isHandedOnlyToAJdkThatKnowsTheOption() throws Exception {
        String cacheOption = "-XX:AOTCache=" + dir.toRealPath().resolve("firmament.aot");
        writeRelease("25.0.3");
        assertFalse(run(Map.of()).contains(cacheOption), "no cache, no option");

        Files.writeString(dir.resolve("firmament.aot"), "cache");
        for (String version : List.of("25", "25.0.3", "26.0.1")) {
            writeRelease(version);
            List<String> args = run(Map.of());

            assertTrue(args.contains(cacheOption), version + ": " + args);
            assertTrue(args.contains("-Xlog:aot*=off"), "a cache the JVM cannot use is skipped quietly: " + args);
        }
        for (String version : List.of("17.0.15", "21.0.5", "24.0.1", "x", "")) {
            writeRelease(version);
            assertFalse(run(Map.of()).stream().anyMatch(arg -> arg.startsWith("-XX:AOTCache")),
                    version + ": an older JDK refuses to start with the option");
        }
        writeRelease("25.0.3");
        assertFalse(run(Map.of("FIRMAMENT_CDS", "off")).contains(cacheOption));
    }

    @Test
    void aJdkWithTheAotCache_getsItInsteadOfTheClassDataArchive() throws Exception {
        Files.writeString(dir.resolve("firmament.jsa"), "archive");
        Files.writeString(dir.resolve("firmament.aot"), "cache");
        writeRelease("25.0.3");
        List<String> args = run(Map.of());
        assertTrue(args.stream().anyMatch(arg -> arg.startsWith("-XX:AOTCache=")), args.toString());
        assertFalse(args.stream().anyMatch(arg -> arg.startsWith("-XX:SharedArchiveFile=")),
                "one of the two: " + args);

        writeRelease("17.0.15");
        List<String> older = run(Map.of());
        assertTrue(older.stream().anyMatch(arg -> arg.startsWith("-XX:SharedArchiveFile=")), older.toString());
    }

    @Test
    void aJdkThatTrimsTheNativeHeap_isAskedToEveryTwoSeconds() throws Exception {
        for (String version : List.of("17.0.9", "17.0.15", "21.0.1", "22", "25.0.1")) {
            writeRelease(version);
            List<String> args = run(Map.of());

            assertTrue(args.contains(TRIM), version + ": " + args);
            assertTrue(args.indexOf("-XX:+UnlockExperimentalVMOptions") < args.indexOf(TRIM),
                    "experimental before 17.0.11: " + args);
        }
    }

    @Test
    void aJdkWithoutNativeHeapTrimming_orOfUnknownVersion_startsWithoutTheOption() throws Exception {
        List<String> withoutRelease = run(Map.of());
        assertFalse(withoutRelease.contains(TRIM), "no release file, no option");
        assertTrue(withoutRelease.get(0).startsWith("-XX:"), "nothing but options printed: " + withoutRelease);
        for (String version : List.of("17", "17.0.8", "11.0.25", "20.0.2", "21", "21.0.0", "1.8.0_402", "x", "")) {
            writeRelease(version);
            List<String> args = run(Map.of());

            assertFalse(args.stream().anyMatch(arg -> arg.contains("TrimNativeHeap")), version);
            assertTrue(args.get(0).startsWith("-XX:"), version + ": nothing but options printed: " + args);
        }
    }

    @Test
    void withoutJavaHome_theVersionIsThatOfTheJavaOnThePath() throws Exception {
        writeRelease("17.0.15");
        Path bin = Files.createDirectories(dir.resolve("bin-on-path"));
        Files.createSymbolicLink(bin.resolve("java"), javaHome.resolve("bin").resolve("java"));

        List<String> args = run(Map.of("JAVA_HOME", "", "PATH", bin + ":" + System.getenv("PATH")));

        assertTrue(args.contains(TRIM), args.toString());
    }

    @Test
    void javaOpts_canTurnTheTrimmingOff() throws Exception {
        writeRelease("17.0.15");
        List<String> args = run(Map.of("JAVA_OPTS", "-XX:TrimNativeHeapInterval=0"));

        assertTrue(args.indexOf("-XX:TrimNativeHeapInterval=0") > args.indexOf(TRIM), args.toString());
    }

    /** The options the launcher picks for the Java running this test are ones that Java accepts. */
    @Test
    void theJavaRunningTheTests_startsWithEveryDefaultTheLauncherPicksForIt() throws Exception {
        writeOptionPrintingJar();

        List<String> options = run(Map.of("JAVA_HOME", System.getProperty("java.home")));

        assertTrue(options.contains("UseSerialGC=true"), options.toString());
        assertTrue(options.contains("InitialHeapSize=" + 16 * 1024 * 1024), options.toString());
        if (PrintVmOptions.value("TrimNativeHeapInterval") != null) {
            assertTrue(options.contains("TrimNativeHeapInterval=2000"), "this Java trims: " + options);
        }
    }

    /**
     * A real JDK 25 or later (where this machine has one under /usr/lib/jvm) starts, quietly, with
     * an AOT cache and an archive it cannot use: those of another build, or damaged.
     */
    @Test
    void aJdk25_startsQuietlyWithAnAotCacheItCannotUse() throws Exception {
        Optional<Path> jdk25 = installedJdk(25);
        Assumptions.assumeTrue(jdk25.isPresent(), "no JDK 25 or later under /usr/lib/jvm");
        writeOptionPrintingJar();
        Files.writeString(dir.resolve("firmament.aot"), "not an AOT cache");
        Files.writeString(dir.resolve("firmament.jsa"), "not an archive");

        List<String> output = run(Map.of("JAVA_HOME", jdk25.get().toString()));

        assertEquals(List.of("UseSerialGC=true", "InitialHeapSize=" + 16 * 1024 * 1024,
                "TrimNativeHeapInterval=2000"), output, "the options, and not a word from the JVM");
    }

    /** The newest Java installation under /usr/lib/jvm of at least {@code major}, by its release file. */
    private static Optional<Path> installedJdk(int major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> releaseMajor(home) >= major)
                    .max(Comparator.comparingInt(LauncherScriptTest::releaseMajor));
        }
    }

    private static int releaseMajor(Path home) {
        try {
            Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                    .matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    /** Makes firmament.jar a jar whose main class prints the JVM options the launcher's defaults set. */
    private void writeOptionPrintingJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintVmOptions.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                PrintVmOptions.class.getProtectionDomain().getCodeSource().getLocation().toString());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("firmament.jar")), manifest)) {
            jar.flush();
        }
    }

    /** Stands in for the server: prints the JVM options the launcher's defaults set. */
    public static final class PrintVmOptions {
        public static void main(String[] args) {
            for (String option : List.of("UseSerialGC", "InitialHeapSize", "TrimNativeHeapInterval")) {
                System.out.println(option + "=" + value(option));
            }
        }

        static String value(String option) {
            try {
                return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(option).getValue();
            } catch (IllegalArgumentException unknownToThisJvm) {
                return null;
            }
        }
    }

    @Test
    void calledThroughARelativePathFromElsewhere_stillFindsItsJar() throws Exception {
        List<String> args = run(Map.of(), dir.getParent(), dir.getFileName().resolve("firmament").toString());

        assertTrue(args.contains(dir.toRealPath().resolve("firmament.jar").toString()), args.toString());
    }

    private void writeRelease(String javaVersion) throws IOException {
        Files.writeString(javaHome.resolve("release"),
                "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\nJAVA_VERSION_DATE=\"2025-04-15\"\n");
    }

    private List<String> run(Map<String, String> env, String... arguments) throws Exception {
        return run(env, dir, launcher.toString(), arguments);
    }

    private List<String> run(Map<String, String> env, Path workingDir, String command, String... arguments)
            throws Exception {
        List<String> commandLine = new java.util.ArrayList<>(List.of(command));
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("FIRMAMENT_CDS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }
}
