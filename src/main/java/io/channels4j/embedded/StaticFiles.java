package io.channels4j.embedded;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.StaticHttpHandler;

/**
 * The embedded server's static file handlers: Grizzly's, refusing (404) any file whose real path,
 * symbolic links followed, lies outside the content root. {@link PathGuard} has already refused
 * paths with dot segments; this catches links inside the root that point out of it.
 */
final class StaticFiles {

    private StaticFiles() {
    }

    /** A handler for {@code source}: a file-system {@link Path}, or a class-path folder name. */
    static HttpHandler of(Object source, ClassLoader loader) {
        if (source instanceof Path folder) {
            FolderHandler handler = new FolderHandler(folder.toAbsolutePath());
            handler.setFileCacheEnabled(false);
            return handler;
        }
        String folder = (String) source;
        ClassPathHandler handler = new ClassPathHandler(loader, folder.endsWith("/") ? folder : folder + "/");
        handler.setFileCacheEnabled(false);
        return handler;
    }

    /** Whether {@code file}, if it exists (or its {@code index.html}, for a folder), really lies inside one of {@code roots}. */
    static boolean inside(List<Path> roots, Path file) {
        if (!Files.exists(file)) {
            return true;   // nothing to serve: the handler answers 404 itself
        }
        try {
            Path real = file.toRealPath();
            Path index = real.resolve("index.html");
            if (Files.isDirectory(real) && Files.exists(index)) {
                real = index.toRealPath();
            }
            for (Path root : roots) {
                if (real.startsWith(root)) {
                    return true;
                }
            }
            return false;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static List<Path> realRoots(List<Path> roots) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException missing) {
                // a root that does not exist holds nothing to serve
            }
        }
        return real;
    }

    /** A file-system folder. */
    private static final class FolderHandler extends StaticHttpHandler {
        private final Path root;

        FolderHandler(Path root) {
            super(root.toString());
            this.root = root;
        }

        @Override
        protected boolean handle(String uri, Request request, Response response) throws Exception {
            Path file = root.resolve(uri.startsWith("/") ? uri.substring(1) : uri);
            return inside(realRoots(List.of(root)), file) && super.handle(uri, request, response);
        }
    }

    /** A class-path folder; resources in jars have no links, resources in folders are checked. */
    private static final class ClassPathHandler extends CLStaticHttpHandler {
        private final ClassLoader loader;
        private final String folder;

        ClassPathHandler(ClassLoader loader, String folder) {
            super(loader, folder);
            this.loader = loader;
            this.folder = folder;
        }

        @Override
        protected boolean handle(String resourcePath, Request request, Response response) throws Exception {
            String relative = resourcePath.startsWith("/") ? resourcePath.substring(1) : resourcePath;
            URL resource = loader.getResource(folder + relative);
            if (resource != null && "file".equals(resource.getProtocol())
                    && !inside(realRoots(folderRoots()), file(resource))) {
                return false;
            }
            return super.handle(resourcePath, request, response);
        }

        /** The file-system folders on the class path that hold {@code folder}. */
        private List<Path> folderRoots() throws IOException {
            List<Path> roots = new ArrayList<>();
            for (URL root : Collections.list(loader.getResources(folder))) {
                if ("file".equals(root.getProtocol())) {
                    roots.add(file(root));
                }
            }
            return roots;
        }

        private static Path file(URL url) throws IOException {
            try {
                return new File(url.toURI()).toPath();
            } catch (URISyntaxException | IllegalArgumentException notAFile) {
                throw new IOException("not a file URL: " + url, notAFile);
            }
        }
    }
}
