"""The exchange formats of the tools researchers already use, read into and written from the case model.

:mod:`.qda`: REFI-QDA (QDA-XML 1.0), the codebooks (``.qdc``) and coded projects
(``.qdpx``) of NVivo, ATLAS.ti, MAXQDA and QualCoder.
"""
