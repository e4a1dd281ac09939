from geotimeline.query.builder import *  # placeholder until the split
from geotimeline.query.builder import __all__ as __all__
