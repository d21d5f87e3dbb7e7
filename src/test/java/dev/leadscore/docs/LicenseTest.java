package dev.leadscore.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The project says under which licence it may be used: the full Apache-2.0 text, named in the pom. */
class LicenseTest {

    @Test
    void theApacheLicenceIsAtTheTopAndInThePom() throws Exception {
        Path project = DocBlocks.projectDir();
        String licence = Files.readString(project.resolve("LICENSE"));
        assertThat(licence.strip()).startsWith("Apache License\n                           Version 2.0, January 2004");
        assertThat(licence).contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION")
                .contains("9. Accepting Warranty or Additional Liability.").contains("END OF TERMS AND CONDITIONS");

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(project.resolve("pom.xml").toFile());
        Element license = (Element) pom.getElementsByTagName("license").item(0);
        assertThat(license).as("<licenses><license> in pom.xml").isNotNull();
        assertThat(license.getParentNode().getParentNode()).isEqualTo(pom.getDocumentElement());
        assertThat(license.getElementsByTagName("name").item(0).getTextContent()).isEqualTo("Apache-2.0");
        assertThat(license.getElementsByTagName("url").item(0).getTextContent())
                .isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    }
}
