package dev.antientropy.autoconfigure;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.CodeBlock;

/**
 * Keeps, in the code that AOT generates for a syncer bean of {@link StateSyncerRegistrar}, what the generator
 * leaves out by default: the attribute that marks the bean as the starter's (which tells the application's own
 * syncers apart), and "no destroy method" (else the container would infer {@code close()} on the
 * {@code AutoCloseable} syncer and wait for it without bound, after the registry's bounded close). Listed in
 * {@code META-INF/spring/aot.factories}.
 */
final class StateSyncerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        if (registeredBean.getMergedBeanDefinition().getAttribute(StateSyncerRegistrar.STATE_ATTRIBUTE) == null) {
            return null;
        }
        return BeanRegistrationAotContribution.withCustomCodeFragments(SyncerBeanCodeFragments::new);
    }

    private static final class SyncerBeanCodeFragments extends BeanRegistrationCodeFragmentsDecorator {

        SyncerBeanCodeFragments(BeanRegistrationCodeFragments delegate) {
            super(delegate);
        }

        @Override
        public CodeBlock generateSetBeanDefinitionPropertiesCode(GenerationContext generationContext,
                BeanRegistrationCode beanRegistrationCode, RootBeanDefinition beanDefinition,
                Predicate<String> attributeFilter) {
            CodeBlock.Builder code = CodeBlock.builder();
            code.add(super.generateSetBeanDefinitionPropertiesCode(generationContext, beanRegistrationCode,
                    beanDefinition, attributeFilter.or(StateSyncerRegistrar.STATE_ATTRIBUTE::equals)));
            code.addStatement("$L.setDestroyMethodName($S)", BEAN_DEFINITION_VARIABLE, "");
            return code.build();
        }
    }
}
