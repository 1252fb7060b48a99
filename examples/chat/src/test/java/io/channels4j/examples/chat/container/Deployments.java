package io.channels4j.examples.chat.container;

import io.channels4j.examples.chat.container.probe.ProbeLog;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archives the real-server suites deploy. */
final class Deployments {

    private static final String SECURITY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>protected sockets</web-resource-name>
                  <url-pattern>/ws/secure/*</url-pattern>
                </web-resource-collection>
                <auth-constraint><role-name>chat-user</role-name></auth-constraint>
              </security-constraint>
              <security-role><role-name>chat-user</role-name></security-role>
            </web-app>
            """;

    private Deployments() {
    }

    /** The chat example's WAR exactly as the build made it ({@code target/chat.war}): context {@code /chat}. */
    static WebArchive chatWar() {
        File war = new File(System.getProperty("chat.war", "target/chat.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: the package phase builds it");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The chat WAR plus the test probes (package {@code container.probe}) and a web.xml that
     * protects {@code /ws/secure/*}: context {@code /<name>}.
     */
    static WebArchive probeWar(String name) {
        WebArchive chat = chatWar();
        WebArchive probe = ShrinkWrap.create(WebArchive.class, name + ".war").merge(chat);
        return probe.addPackage(ProbeLog.class.getPackage()).setWebXML(new StringAsset(SECURITY));
    }
}
