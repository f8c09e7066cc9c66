"""Openness: the Model Openness Framework class, the OSI Open Source AI Definition verdict and a scorecard.

Import the pieces from their modules (auditor.openness.mof, .evidence, .osaid, .scorecard, .assess); this
package file stays empty so that `import auditor.openness.mof` pulls in nothing else.
"""
