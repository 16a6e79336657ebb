package dev.antientropy.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A node agent in the spirit of Consul's: it holds the services registered on this node in memory and keeps
 * them mirrored in a {@code catalog} table through the antientropy starter. See {@code README.md} beside the
 * module for the walkthrough.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
