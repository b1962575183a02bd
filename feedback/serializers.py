from rest_framework import serializers


class StatisticsRowSerializer(serializers.Serializer):
    """One cell of the feedback statistics; figures on fewer than ten values are null."""

    dimension = serializers.ChoiceField(choices=["service", "district", "month"])
    key = serializers.CharField()
    label = serializers.CharField()
    enough_responses = serializers.BooleanField()
    ratings = serializers.IntegerField(allow_null=True)
    mean_rating = serializers.FloatField(allow_null=True)
    share_satisfied = serializers.FloatField(allow_null=True)
    share_satisfied_ci95_low = serializers.FloatField(allow_null=True)
    share_satisfied_ci95_high = serializers.FloatField(allow_null=True)
    median_days_to_first_answer = serializers.FloatField(allow_null=True)
    p90_days_to_first_answer = serializers.FloatField(allow_null=True)
    median_days_to_resolution = serializers.FloatField(allow_null=True)
    p90_days_to_resolution = serializers.FloatField(allow_null=True)
    share_answered_within_deadline = serializers.FloatField(allow_null=True)
    share_answers_rated_4_5 = serializers.FloatField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    language = serializers.CharField()
    since = serializers.DateTimeField()
    minimum_responses = serializers.IntegerField()
    representative = serializers.BooleanField(
        help_text="Always false: open submissions, not a survey sample."
    )
    rows = StatisticsRowSerializer(many=True)
