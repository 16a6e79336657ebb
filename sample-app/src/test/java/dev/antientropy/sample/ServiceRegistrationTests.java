package dev.antientropy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceRegistrationTests {

    @Test
    void trimsTextAndDropsDuplicateTagsKeepingTheirOrder() {
        ServiceRegistration service = new ServiceRegistration(" web ", "web", "10.0.0.1", 80,
                List.of("b", "a", "b"));

        assertThat(service.id()).isEqualTo("web");
        assertThat(service.tags()).containsExactly("b", "a");
        assertThat(service.joinedTags()).isEqualTo("b,a");
    }

    @Test
    void noTagsIsAnEmptyList() {
        ServiceRegistration service = new ServiceRegistration("web", "web", "10.0.0.1", 80, null);

        assertThat(service.tags()).isEmpty();
        assertThat(ServiceRegistration.splitTags(service.joinedTags())).isEmpty();
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ServiceRegistration("web", "web", "10.0.0.1", 0, List.of()))
            .withMessage("port must be between 1 and 65535, was 0");
    }

    @Test
    void rejectsABlankName() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ServiceRegistration("web", " ", "10.0.0.1", 80, List.of()))
            .withMessage("name must not be blank");
    }

    @Test
    void rejectsATagWithAComma() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ServiceRegistration("web", "web", "10.0.0.1", 80, List.of("a,b")))
            .withMessageContaining("no comma");
    }

    @Test
    void rejectsANullTag() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new ServiceRegistration("web", "web", "10.0.0.1", 80, Arrays.asList("a", null)))
            .withMessageContaining("non-blank");
    }
}
