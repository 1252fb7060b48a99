package io.channels4j.examples.chat.container.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** The test deployment's users (Jakarta Security, HTTP Basic): {@code alice}/{@code wonderland} in role {@code chat-user}. */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "channels4j")
public class ProbeIdentityStore implements IdentityStore {

    /** The user the tests log in as. */
    public static final String USER = "alice";
    /** Her password. */
    public static final String PASSWORD = "wonderland";

    /** Checks user and password. */
    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return USER.equals(credential.getCaller()) && credential.compareTo(USER, PASSWORD)
                ? new CredentialValidationResult(USER, Set.of("chat-user"))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
