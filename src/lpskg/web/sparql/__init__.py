"""The W3C protocols: SPARQL 1.1 Query and Update, the Graph Store HTTP Protocol, the service
description, VoID and SHACL validation, each as its standard says."""
