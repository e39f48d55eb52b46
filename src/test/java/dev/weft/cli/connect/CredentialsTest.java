package dev.weft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void theTokenGoesAsABearerAndTheTenantAndCallerAsWeftHeaders() {
        var headers = new Credentials("s3cret", "acme", "ada").headers();

        assertThat(headers.get(Credentials.AUTHORIZATION)).isEqualTo("Bearer s3cret");
        assertThat(headers.get(Credentials.TENANT)).isEqualTo("acme");
        assertThat(headers.get(Credentials.CALLER)).isEqualTo("ada");
    }

    @Test
    void whatIsNotGivenIsNotSent() {
        var headers = new Credentials(null, " ", "").headers();

        assertThat(headers.keys()).isEmpty();
    }
}
