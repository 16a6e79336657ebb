package dev.antientropy.bench.rehearsal.eureka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/**
 * The rehearsal's discovery server: a standalone Eureka server (no peers, no self-registration) that the node
 * applications register with. Started by {@code benchmarks/rehearsal/infra.sh} with {@code --server.port}.
 */
@SpringBootApplication
@EnableEurekaServer
public class EurekaServerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EurekaServerApplication.class);
        application.setAdditionalProfiles("eureka");
        application.run(args);
    }
}
